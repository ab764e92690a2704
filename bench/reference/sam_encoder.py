# Reference-shaped SAM ViT-B / ViT-H image encoder (segment-anything modeling/image_encoder.py) with random weights, to time
# set_image's encoder with torch 1.13 on this machine beside our port (anchors rows 1a/1b measured the real package).
# usage: sam_encoder.py [vit_b|vit_h]
import sys, time, resource, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(0)
def window_partition(x, ws):
    B,H,W,C=x.shape; ph=(ws-H%ws)%ws; pw=(ws-W%ws)%ws
    if ph>0 or pw>0: x=F.pad(x,(0,0,0,pw,0,ph))
    Hp,Wp=H+ph,W+pw; x=x.view(B,Hp//ws,ws,Wp//ws,ws,C)
    return x.permute(0,1,3,2,4,5).contiguous().view(-1,ws,ws,C),(Hp,Wp)
def window_unpartition(w, ws, pad_hw, hw):
    Hp,Wp=pad_hw; H,W=hw; B=w.shape[0]//(Hp*Wp//ws//ws)
    x=w.view(B,Hp//ws,Wp//ws,ws,ws,-1).permute(0,1,3,2,4,5).contiguous().view(B,Hp,Wp,-1)
    return x[:,:H,:W,:].contiguous() if Hp>H or Wp>W else x
def get_rel_pos(q,k,rp):
    qc=torch.arange(q)[:,None]*max(k/q,1.0); kc=torch.arange(k)[None,:]*max(q/k,1.0)
    return rp[((qc-kc)+(k-1)*max(q/k,1.0)).long()]
def add_rel(attn,q,rph,rpw,qs,ks):
    qh,qw=qs; kh,kw=ks; Rh=get_rel_pos(qh,kh,rph); Rw=get_rel_pos(qw,kw,rpw); B,_,d=q.shape
    rq=q.reshape(B,qh,qw,d); rh=torch.einsum("bhwc,hkc->bhwk",rq,Rh); rw=torch.einsum("bhwc,wkc->bhwk",rq,Rw)
    return (attn.view(B,qh,qw,kh,kw)+rh[:,:,:,:,None]+rw[:,:,:,None,:]).view(B,qh*qw,kh*kw)
class Attention(nn.Module):
    def __init__(s,dim,heads,size):
        super().__init__(); s.h=heads; hd=dim//heads; s.scale=hd**-0.5; s.qkv=nn.Linear(dim,dim*3); s.proj=nn.Linear(dim,dim)
        s.rel_pos_h=nn.Parameter(torch.randn(2*size[0]-1,hd)*0.02); s.rel_pos_w=nn.Parameter(torch.randn(2*size[1]-1,hd)*0.02)
    def forward(s,x):
        B,H,W,_=x.shape; qkv=s.qkv(x).reshape(B,H*W,3,s.h,-1).permute(2,0,3,1,4); q,k,v=qkv.reshape(3,B*s.h,H*W,-1).unbind(0)
        a=(q*s.scale)@k.transpose(-2,-1); a=add_rel(a,q,s.rel_pos_h,s.rel_pos_w,(H,W),(H,W)); a=a.softmax(dim=-1)
        x=(a@v).view(B,s.h,H,W,-1).permute(0,2,3,1,4).reshape(B,H,W,-1); return s.proj(x)
class Block(nn.Module):
    def __init__(s,dim,heads,ws,size):
        super().__init__(); s.norm1=nn.LayerNorm(dim,eps=1e-6); s.attn=Attention(dim,heads,size if ws==0 else (ws,ws))
        s.norm2=nn.LayerNorm(dim,eps=1e-6); s.lin1=nn.Linear(dim,4*dim); s.lin2=nn.Linear(4*dim,dim); s.ws=ws
    def forward(s,x):
        sc=x; x=s.norm1(x)
        if s.ws>0: H,W=x.shape[1],x.shape[2]; x,pad=window_partition(x,s.ws)
        x=s.attn(x)
        if s.ws>0: x=window_unpartition(x,s.ws,pad,(H,W))
        x=sc+x; return x+s.lin2(F.gelu(s.lin1(s.norm2(x))))
class LN2d(nn.Module):
    def __init__(s,c): super().__init__(); s.w=nn.Parameter(torch.ones(c)); s.b=nn.Parameter(torch.zeros(c))
    def forward(s,x):
        u=x.mean(1,keepdim=True); v=(x-u).pow(2).mean(1,keepdim=True); x=(x-u)/torch.sqrt(v+1e-6); return s.w[:,None,None]*x+s.b[:,None,None]
class Encoder(nn.Module):
    def __init__(s,dim,depth,heads,glob):
        super().__init__(); s.patch=nn.Conv2d(3,dim,16,16); s.pos_embed=nn.Parameter(torch.zeros(1,64,64,dim))
        s.blocks=nn.ModuleList([Block(dim,heads,0 if i in glob else 14,(64,64)) for i in range(depth)])
        s.neck=nn.Sequential(nn.Conv2d(dim,256,1,bias=False),LN2d(256),nn.Conv2d(256,256,3,padding=1,bias=False),LN2d(256))
    def forward(s,x):
        x=s.patch(x).permute(0,2,3,1)+s.pos_embed
        for b in s.blocks: x=b(x)
        return s.neck(x.permute(0,3,1,2))
# build_sam.py: vit_b 768 wide, 12 blocks, 12 heads, global attention in blocks 2,5,8,11; vit_h 1280, 32, 16, 7,15,23,31.
variant=sys.argv[1] if len(sys.argv)>1 else 'vit_b'
e=Encoder(*{'vit_b':(768,12,12,(2,5,8,11)),'vit_h':(1280,32,16,(7,15,23,31))}[variant]).eval(); img=torch.randint(0,256,(719,1024,3),dtype=torch.uint8)
mean=torch.tensor([123.675,116.28,103.53]).view(-1,1,1); std=torch.tensor([58.395,57.12,57.375]).view(-1,1,1)
def run():
    with torch.no_grad():
        x=img.permute(2,0,1).contiguous()[None].float(); x=(x-mean)/std; x=F.pad(x,(0,0,0,1024-719)); return e(x)
from anchor_timing import measure
# 1b (vit_h) was one cold run in anchors.md; 1a 1 warm-up + 3 runs.
measure(f"{variant} encoder (torch {torch.__version__})", run, *((0,1) if variant=='vit_h' else (1,3)))
