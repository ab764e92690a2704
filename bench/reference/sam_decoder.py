# Reference-shaped SAM mask decoder (segment-anything modeling/mask_decoder.py, transformer.py) with random weights,
# to time the decoder network and predict_torch's upsampling with torch 1.13 on this machine, beside our port.
import math, sys, time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(0)
class MLPBlock(nn.Module):
    def __init__(s, d, m): super().__init__(); s.lin1=nn.Linear(d,m); s.lin2=nn.Linear(m,d); s.act=nn.ReLU()
    def forward(s,x): return s.lin2(s.act(s.lin1(x)))
class Attention(nn.Module):
    def __init__(s, d, h, ds=1):
        super().__init__(); s.i=d//ds; s.h=h
        s.q_proj=nn.Linear(d,s.i); s.k_proj=nn.Linear(d,s.i); s.v_proj=nn.Linear(d,s.i); s.out_proj=nn.Linear(s.i,d)
    def sep(s,x): b,n,c=x.shape; return x.reshape(b,n,s.h,c//s.h).transpose(1,2)
    def rec(s,x): b,h,n,c=x.shape; return x.transpose(1,2).reshape(b,n,h*c)
    def forward(s,q,k,v):
        q=s.sep(s.q_proj(q)); k=s.sep(s.k_proj(k)); v=s.sep(s.v_proj(v))
        a=q@k.permute(0,1,3,2); a=a/math.sqrt(q.shape[-1]); a=torch.softmax(a,dim=-1)
        return s.out_proj(s.rec(a@v))
class Block(nn.Module):
    def __init__(s,d,h,m,skip):
        super().__init__(); s.self_attn=Attention(d,h); s.norm1=nn.LayerNorm(d); s.cross_attn_token_to_image=Attention(d,h,2)
        s.norm2=nn.LayerNorm(d); s.mlp=MLPBlock(d,m); s.norm3=nn.LayerNorm(d); s.norm4=nn.LayerNorm(d)
        s.cross_attn_image_to_token=Attention(d,h,2); s.skip=skip
    def forward(s,queries,keys,query_pe,key_pe):
        if s.skip: queries=s.self_attn(q=queries,k=queries,v=queries)
        else: q=queries+query_pe; queries=queries+s.self_attn(q=q,k=q,v=queries)
        queries=s.norm1(queries)
        q=queries+query_pe; k=keys+key_pe; queries=s.norm2(queries+s.cross_attn_token_to_image(q=q,k=k,v=keys))
        queries=s.norm3(queries+s.mlp(queries))
        q=queries+query_pe; k=keys+key_pe; keys=s.norm4(keys+s.cross_attn_image_to_token(q=k,k=q,v=queries))
        return queries,keys
class TwoWay(nn.Module):
    def __init__(s):
        super().__init__(); s.layers=nn.ModuleList([Block(256,8,2048,i==0) for i in range(2)])
        s.final_attn_token_to_image=Attention(256,8,2); s.norm_final_attn=nn.LayerNorm(256)
    def forward(s,image_embedding,image_pe,point_embedding):
        image_embedding=image_embedding.flatten(2).permute(0,2,1); image_pe=image_pe.flatten(2).permute(0,2,1)
        queries=point_embedding; keys=image_embedding
        for l in s.layers: queries,keys=l(queries,keys,point_embedding,image_pe)
        q=queries+point_embedding; k=keys+image_pe
        queries=s.norm_final_attn(queries+s.final_attn_token_to_image(q=q,k=k,v=keys)); return queries,keys
class LayerNorm2d(nn.Module):
    def __init__(s,c): super().__init__(); s.weight=nn.Parameter(torch.ones(c)); s.bias=nn.Parameter(torch.zeros(c))
    def forward(s,x):
        u=x.mean(1,keepdim=True); v=(x-u).pow(2).mean(1,keepdim=True); x=(x-u)/torch.sqrt(v+1e-6)
        return s.weight[:,None,None]*x+s.bias[:,None,None]
class MLP(nn.Module):
    def __init__(s,i,h,o,n):
        super().__init__(); hs=[h]*(n-1); s.layers=nn.ModuleList(nn.Linear(a,b) for a,b in zip([i]+hs,hs+[o])); s.n=n
    def forward(s,x):
        for j,l in enumerate(s.layers): x=F.relu(l(x)) if j<s.n-1 else l(x)
        return x
class MaskDecoder(nn.Module):
    def __init__(s):
        super().__init__(); s.transformer=TwoWay(); s.iou_token=nn.Embedding(1,256); s.mask_tokens=nn.Embedding(4,256)
        s.output_upscaling=nn.Sequential(nn.ConvTranspose2d(256,64,2,2),LayerNorm2d(64),nn.GELU(),nn.ConvTranspose2d(64,32,2,2),nn.GELU())
        s.output_hypernetworks_mlps=nn.ModuleList([MLP(256,256,32,3) for _ in range(4)]); s.iou_prediction_head=MLP(256,256,4,3)
    def forward(s,image_embeddings,image_pe,sparse,dense,t):
        ot=torch.cat([s.iou_token.weight,s.mask_tokens.weight],0).unsqueeze(0).expand(sparse.size(0),-1,-1)
        tokens=torch.cat((ot,sparse),1)
        src=torch.repeat_interleave(image_embeddings,tokens.shape[0],dim=0)+dense
        pos_src=torch.repeat_interleave(image_pe,tokens.shape[0],dim=0); b,c,h,w=src.shape
        t0=time.perf_counter(); hs,src=s.transformer(src,pos_src,tokens); t['transformer']+=time.perf_counter()-t0
        iou_out=hs[:,0,:]; mt=hs[:,1:5,:]; src=src.transpose(1,2).view(b,c,h,w)
        t0=time.perf_counter(); up=s.output_upscaling(src); t['upscaling']+=time.perf_counter()-t0
        hyper=torch.stack([s.output_hypernetworks_mlps[i](mt[:,i,:]) for i in range(4)],1)
        b,c,h,w=up.shape; masks=(hyper@up.view(b,c,h*w)).view(b,-1,h,w)
        return masks[:,1:],s.iou_prediction_head(iou_out)[:,1:]
d=MaskDecoder().eval()
emb=torch.randn(1,256,64,64); pe=torch.randn(1,256,64,64); sparse=torch.randn(64,2,256); dense=torch.randn(64,256,64,64)*0+torch.randn(1,256,1,1)
def run():
    t={'transformer':0.0,'upscaling':0.0}
    with torch.no_grad():
        t0=time.perf_counter(); m,_=d(emb,pe,sparse,dense,t); t['decoder']=time.perf_counter()-t0
        t0=time.perf_counter(); m=F.interpolate(m,(1024,1024),mode='bilinear',align_corners=False)[...,:719,:1024]
        m=F.interpolate(m,(300,427),mode='bilinear',align_corners=False)>0; t['upsample']=time.perf_counter()-t0
    return t
from anchor_timing import measure
measure(f"sam decoder 64x3 + upsampling (torch {torch.__version__})", lambda: print({k:round(v,2) for k,v in run().items()}, flush=True))
