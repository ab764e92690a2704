# Reference-shaped SCC training step (SeCo models/resnet.py mask-gated ResNet + train_src.py loop body) in torch 1.13,
# batch 8, 3x256x512, to time beside our port (anchors rows 7a/7b). Usage: scc_step.py 18|101
import sys, time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(0)
class Basic(nn.Module):
    expansion=1
    def __init__(s,i,p,st=1,ds=None):
        super().__init__(); s.conv1=nn.Conv2d(i,p,3,st,1,bias=False); s.bn1=nn.BatchNorm2d(p); s.conv2=nn.Conv2d(p,p,3,1,1,bias=False); s.bn2=nn.BatchNorm2d(p); s.ds=ds
    def forward(s,x):
        o=F.relu(s.bn1(s.conv1(x))); o=s.bn2(s.conv2(o)); return F.relu(o+(s.ds(x) if s.ds is not None else x))
class Bottle(nn.Module):
    expansion=4
    def __init__(s,i,p,st=1,ds=None):
        super().__init__(); s.conv1=nn.Conv2d(i,p,1,bias=False); s.bn1=nn.BatchNorm2d(p); s.conv2=nn.Conv2d(p,p,3,st,1,bias=False); s.bn2=nn.BatchNorm2d(p)
        s.conv3=nn.Conv2d(p,p*4,1,bias=False); s.bn3=nn.BatchNorm2d(p*4); s.ds=ds
    def forward(s,x):
        o=F.relu(s.bn1(s.conv1(x))); o=F.relu(s.bn2(s.conv2(o))); o=s.bn3(s.conv3(o)); return F.relu(o+(s.ds(x) if s.ds is not None else x))
class ResNet(nn.Module):
    def __init__(s,depth,nc=19):
        super().__init__(); b,n={18:(Basic,[2,2,2,2]),101:(Bottle,[3,4,23,3])}[depth]; s.deep=depth>=50
        s.conv1=nn.Conv2d(3,64,7,2,3,bias=False) if s.deep else nn.Conv2d(3,64,3,1,1,bias=False); s.bn1=nn.BatchNorm2d(64); s.inp=64
        s.layer1=s.make(b,64,n[0],1); s.layer2=s.make(b,128,n[1],2); s.layer3=s.make(b,256,n[2],2); s.layer4=s.make(b,512,n[3],2)
        s.fc=nn.Linear(512*b.expansion,nc)
    def make(s,b,p,n,st):
        ds=None
        if st!=1 or s.inp!=p*b.expansion: ds=nn.Sequential(nn.Conv2d(s.inp,p*b.expansion,1,st,bias=False),nn.BatchNorm2d(p*b.expansion))
        l=[b(s.inp,p,st,ds)]; s.inp=p*b.expansion
        for _ in range(1,n): l.append(b(s.inp,p))
        return nn.Sequential(*l)
    def forward(s,x,m):
        x=F.relu(s.bn1(s.conv1(x))); x=F.interpolate(m,size=x.shape[-2:],mode='nearest')*x
        if s.deep: x=F.max_pool2d(x,3,2,1)
        x=s.layer4(s.layer3(s.layer2(s.layer1(x)))); return s.fc(torch.flatten(F.adaptive_avg_pool2d(x,1),1))
depth=int(sys.argv[1]); model=ResNet(depth).train()
params=[{'params':[p for n,p in model.named_parameters() if 'fc' not in n],'lr':1e-3},{'params':[p for n,p in model.named_parameters() if 'fc' in n],'lr':1e-2}]
opt=torch.optim.SGD(params,momentum=0.9,weight_decay=1e-3,nesterov=True)
images=torch.randn(8,3,256,512); masks=torch.zeros(8,1,256,512,dtype=torch.uint8); masks[:,:,64:192,128:384]=1; labels=torch.arange(8)
def step():
    opt.zero_grad(); logits=model(images,masks.float())
    t=F.one_hot(labels,19).float()*0.9+0.1/19; loss=-(F.log_softmax(logits,1)*t).sum(1).mean(); loss.backward(); opt.step(); return loss.item()
from anchor_timing import measure
measure(f"scc step R{depth} (torch {torch.__version__})", step)
